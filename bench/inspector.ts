/**
 * workerd's V8 inspector from a bench: a free port to open it on (startAppServer's inspectorPort) and one CDP
 * session per isolate (`ws://127.0.0.1:<port>/<isolate>`, e.g. core:user:podium for Podium's Worker).
 */
import { createServer } from "node:net";

/** A free local port: the inspector's. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** One CDP session with an isolate: `send` resolves with a command's result. */
export class Inspector {
  private id = 0;
  private pending = new Map<number, (result: unknown) => void>();
  private constructor(private ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }
  static open(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.addEventListener("open", () => resolve(new Inspector(ws)));
      ws.addEventListener("error", () => reject(new Error(`cannot open ${url}`)));
    });
  }
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = ++this.id;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (result: unknown) => void);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
  close() {
    this.ws.close();
  }
}
