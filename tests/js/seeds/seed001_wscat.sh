# Install wscat
npm install -g wscat

# Connect with JWT token
wscat -c "wss://xyz789.execute-api.ap-south-1.amazonaws.com/dev?token=YOUR_JWT_TOKEN"

# After connection
> {"action":"ping"}
< {"action":"pong","timestamp":"2025-01-17T..."}

> {"action":"getRooms"}
< {"action":"getRooms","rooms":["branch:abc123","user:def456","role:admin:abc123"],"count":3}

> {"action":"subscribeToOrder","data":{"orderId":"67890"}}
< {"action":"subscribeToOrder","success":true,"orderId":"67890"}
