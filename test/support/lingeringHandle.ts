// Preloaded into a bot process by test/main.test.ts: a handle nobody closes, standing in for a socket
// or timer some library leaves behind after the bot has stopped.
setInterval(() => undefined, 60_000);
