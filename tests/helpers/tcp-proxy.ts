import net from "node:net";

// A TCP proxy a test controls, in front of a real PostgreSQL or Redis: "pass" forwards,
// "cut" destroys every connection (and each new one), "frozen" stops forwarding without
// closing anything — what a stopped (SIGSTOP) or partitioned server looks like to a client.
// Going back to "pass" from "frozen" delivers what was held, as a resumed server would.

export type ProxyMode = "pass" | "cut" | "frozen";

export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "pass";
  const pairs = new Set<[net.Socket, net.Socket]>();

  const apply = (pair: [net.Socket, net.Socket]) => {
    const [client, upstream] = pair;
    if (mode === "cut") {
      client.destroy();
      upstream.destroy();
    } else if (mode === "frozen") {
      client.pause();
      upstream.pause();
    } else {
      client.resume();
      upstream.resume();
    }
  };

  const server = net.createServer((client) => {
    if (mode === "cut") {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    apply(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
      for (const pair of [...pairs]) apply(pair);
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
