// A local Socket Mode server: hands the app envelopes over a WebSocket, as Slack does, and collects its acks.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";
export interface Ack {
  envelope_id: string;
  payload?: unknown;
}
export interface SocketModeServer {
  url: string;
  sendEnvelope(type: EnvelopeType, payload: unknown): Promise<Ack>;
  close(): Promise<void>;
}

const ACK_TIMEOUT_MS = 3000;
// The client drops a connection that hears no ping for 30 s; ping well inside that.
const PING_INTERVAL_MS = 10_000;
const CLOSE_GRACE_MS = 500;

export async function startSocketModeServer(): Promise<SocketModeServer> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const pending = new Map<string, (ack: Ack) => void>();
  const connectionWaiters: ((socket: WebSocket) => void)[] = [];
  let current: WebSocket | undefined;
  let envelopeCounter = 0;

  server.on("connection", (socket) => {
    current = socket;
    const ping = setInterval(() => socket.ping(), PING_INTERVAL_MS);
    socket.on("close", () => {
      clearInterval(ping);
      if (current === socket) current = undefined;
    });
    socket.on("message", (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof message !== "object" || message === null || !("envelope_id" in message)) return;
      const ack = message as Ack;
      pending.get(ack.envelope_id)?.(ack);
      pending.delete(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        connection_info: { app_id: "A1" },
        debug_info: { host: "local" },
      }),
    );
    for (const waiter of connectionWaiters.splice(0)) waiter(socket);
  });

  const connection = (): Promise<WebSocket> => {
    if (current && current.readyState === current.OPEN) return Promise.resolve(current);
    return new Promise((resolve) => connectionWaiters.push(resolve));
  };

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=local`,
    sendEnvelope: (type, payload) => {
      envelopeCounter += 1;
      const envelopeId = `env-${envelopeCounter}`;
      return new Promise<Ack>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(
            new Error(`socket mode: no ack for ${type} envelope ${envelopeId} within ${ACK_TIMEOUT_MS} ms`),
          );
        }, ACK_TIMEOUT_MS);
        pending.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        // The app may still be connecting when the test sends its first envelope; wait for it within the same timeout.
        connection().then((socket) =>
          socket.send(
            JSON.stringify({
              envelope_id: envelopeId,
              type,
              payload,
              accepts_response_payload: true,
              retry_attempt: 0,
            }),
          ),
        );
      });
    },
    close: async () => {
      // Close politely first: a client that sees its socket torn down mid-handshake logs an error and reconnects.
      const sockets = [...server.clients];
      const closed = sockets.map((socket) =>
        socket.readyState === socket.CLOSED ? Promise.resolve() : once(socket, "close").then(() => undefined),
      );
      for (const socket of sockets) socket.close(1000);
      const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.all(closed), grace]);
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
