import websocket
import json

def on_message(ws, message):
    data = json.loads(message)
    if data['type'] == 'order_update':
        print(f"Order {data['order_id']}: {data['progress']}%")

ws = websocket.WebSocketApp("ws://localhost:8000/ws",
                            on_message=on_message)
ws.run_forever()
