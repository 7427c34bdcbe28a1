// The rooms page: join a room over this site's socket (the session cookie goes with it), list
// what is said there, say what is typed.
"use strict";

const status = document.getElementById("status");
const messages = document.getElementById("messages");
const text = document.getElementById("text");
const send = document.querySelector("#say button");
let socket = null;

function show(sender, words, kind) {
  const item = document.createElement("li");
  if (kind) item.className = kind;
  const who = document.createElement("strong");
  who.textContent = sender; // text, never parsed as markup
  item.append(who, document.createTextNode(` ${words}`));
  messages.append(item);
  item.scrollIntoView({ block: "nearest" });
}

function speaking(open) {
  text.disabled = !open;
  send.disabled = !open;
}

function join(event) {
  event.preventDefault();
  if (socket) socket.close();
  const room = document.getElementById("room").value;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}/rooms/${encodeURIComponent(room)}/socket`);
  status.textContent = `Joining ${room}…`;
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === "joined") {
      status.textContent = `In ${frame.room} as ${frame.sender}.`;
      speaking(true);
      text.focus();
    }
    if (frame.type === "message") show(`${frame.sender}:`, frame.text);
    if (frame.type === "error") {
      const why = typeof frame.detail === "string" ? frame.detail : "the message was refused";
      show("Not sent:", why, "error");
    }
    if (frame.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
  };
  socket.onclose = (event) => {
    speaking(false);
    status.textContent =
      event.code === 1008 ? "Sign in to join a room." : `Left the room (${event.code}).`;
  };
}

function say(event) {
  event.preventDefault();
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: "say", text: text.value }));
    text.value = "";
  }
}

document.getElementById("join").addEventListener("submit", join);
document.getElementById("say").addEventListener("submit", say);
