// Connect when the app opens
const ws = new WebSocket("ws://your-server/ws/orders/42");

ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    
    if (data.type === "order_update") {
        // Shopkeeper changed order status!
        console.log(`Order #${data.order_id} is now: ${data.status}`);
        console.log(`Total: â‚¹${data.total_amount}`);
    }
    
    if (data.type === "chitty_processed") {
        // OCR finished processing the handwritten list!
        console.log(`Found ${data.items_found} products from your list`);
    }
};

ws.onclose = () => {
    console.log("Disconnected â€” reconnect logic here");
};
