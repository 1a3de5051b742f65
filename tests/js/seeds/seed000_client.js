const ws = new WebSocket('ws://localhost:8000/ws');

ws.onopen = function() {
  console.log('Connected to Pattern Factory');
  // Subscribe to specific order
  ws.send(JSON.stringify({
    action: 'subscribe',
    order_id: 'ORDER-001'
  }));
};

ws.onmessage = function(event) {
  const data = JSON.parse(event.data);
  
  switch(data.type) {
    case 'order_update':
      updateProgressBar(data.order_id, data.progress);
      break;
    case 'alert':
      showNotification(data.severity, data.message);
      break;
    case 'queue_update':
      updateQueueCounters(data);
      break;
  }
};

ws.onerror = function(error) {
  console.error('WebSocket error:', error);
};
