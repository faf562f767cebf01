'use strict';
// What the CLI bundle takes from undici (scripts/bundle-cli.ts resolves the sources' `from 'undici'` to this
// file): the classes hubget constructs, and the request API on every dispatcher, installed here exactly as
// undici's own index.js installs it. The index also loads fetch, WebSocket, EventSource, the mocks, the
// cache stores and the interceptors, which the CLI never uses: ≈ 60 % of the bundle's text and of its
// start-up. A name the sources import from 'undici' at run time must be exported here
// (test/build/cli-bundle.test.ts checks it); a move of these files in a new undici fails the build.
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));

module.exports = {
  Agent: require('undici/lib/dispatcher/agent.js'),
  EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent.js'),
};
