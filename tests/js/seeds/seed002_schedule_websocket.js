class ScheduleWebSocket {
  constructor(scheduleId, token) {
    this.scheduleId = scheduleId;
    this.token = token;
    this.ws = null;
    this.reconnectAttempts = 0;
    this.maxReconnectAttempts = 5;
  }

  connect() {
    const url = `ws://localhost:8000/ws/schedule/${this.scheduleId}?token=${this.token}`;
    this.ws = new WebSocket(url);

    this.ws.onopen = () => {
      console.log('WebSocket connected');
      this.reconnectAttempts = 0;
    };

    this.ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      this.handleMessage(message);
    };

    this.ws.onclose = (event) => {
      console.log(`WebSocket closed: ${event.code}`);
      if (event.code !== 1000 && this.reconnectAttempts < this.maxReconnectAttempts) {
        setTimeout(() => this.reconnect(), 5000);
      }
    };

    this.ws.onerror = (error) => {
      console.error('WebSocket error:', error);
    };
  }

  handleMessage(message) {
    switch (message.type) {
      case 'progress':
        console.log(`Progress: ${message.progress}% - ${message.message}`);
        this.onProgress?.(message.progress, message.message);
        break;
      case 'complete':
        console.log('Schedule completed!', message.result);
        this.onComplete?.(message.result);
        break;
      case 'error':
        console.error('Schedule failed:', message.error);
        this.onError?.(message.error);
        break;
      case 'ping':
        this.ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
        break;
    }
  }

  reconnect() {
    this.reconnectAttempts++;
    console.log(`Reconnecting... (attempt ${this.reconnectAttempts})`);
    this.connect();
  }

  disconnect() {
    if (this.ws) {
      this.ws.close(1000, 'Client closing');
    }
  }
}

// Usage
const ws = new ScheduleWebSocket(123, 'jwt_token_here');
ws.onProgress = (progress, message) => {
  document.getElementById('progress-bar').style.width = `${progress}%`;
  document.getElementById('status-message').textContent = message;
};
ws.onComplete = (result) => {
  console.log('Makespan:', result.makespan);
  window.location.href = `/schedule/${ws.scheduleId}`;
};
ws.onError = (error) => {
  alert(`Error: ${error.details}`);
};
ws.connect();
