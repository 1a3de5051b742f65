const socket = new WebSocket('wss://ws.table-tap.com/v1?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...');
