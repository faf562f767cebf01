/** A port on 127.0.0.1 with nothing listening: bound to find a free one, then closed (a connect is refused). */
import { createServer } from 'node:net';

export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) return reject(new Error('no address'));
      server.close(() => resolve(address.port));
    });
  });
}
