// Get JWT token from localStorage
const token = localStorage.getItem('authToken');

// Connect to WebSocket
const ws = new WebSocket(`wss://xyz789.execute-api.ap-south-1.amazonaws.com/dev?token=${token}`);

ws.onopen = () => {
  console.log('‚úÖ Connected');
  ws.send(JSON.stringify({ action: 'ping' }));
};

ws.onmessage = (event) => {
  console.log('üì® Message:', JSON.parse(event.data));
};

ws.onerror = (error) => {
  console.error('‚ùå Error:', error);
};

// Subscribe to order
ws.send(JSON.stringify({
  action: 'subscribeToOrder',
  data: { orderId: 'YOUR_ORDER_ID' }
}));
