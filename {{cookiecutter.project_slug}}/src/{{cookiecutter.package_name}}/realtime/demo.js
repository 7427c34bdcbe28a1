// The demo page's client: join a room, send what is typed, list what arrives.
"use strict";

let socket = null;

function show(text) {
  const item = document.createElement("li");
  item.textContent = text; // never parsed as markup
  document.getElementById("messages").append(item);
}

function join(event) {
  event.preventDefault();
  if (socket) socket.close();
  const room = document.getElementById("room").value;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${location.host}/ws/rooms/${encodeURIComponent(room)}`;
  const subprotocol = document.body.dataset.subprotocol;
  const credential = document.getElementById("credential");
  socket = subprotocol ? new WebSocket(url, [subprotocol, credential.value]) : new WebSocket(url);
  const status = document.getElementById("status");
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === "joined") status.textContent = `In ${frame.room} as ${frame.sender}`;
    if (frame.type === "message") show(`${frame.sender}: ${frame.text}`);
    if (frame.type === "error") show(`error: ${JSON.stringify(frame.detail)}`);
    if (frame.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
  };
  socket.onclose = (event) => {
    status.textContent = `Disconnected (${event.code}${event.reason ? ": " + event.reason : ""})`;
  };
}

function say(event) {
  event.preventDefault();
  const text = document.getElementById("text");
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: "say", text: text.value }));
    text.value = "";
  }
}

document.getElementById("join").addEventListener("submit", join);
document.getElementById("say").addEventListener("submit", say);
