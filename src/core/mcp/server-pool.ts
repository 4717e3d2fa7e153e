// Idle MCP servers with their tools already registered, lent one per request. The SDK's stateless pattern builds a
// new McpServer per request: its constructor builds an Ajv validator, and registering tools builds their schemas, so
// the cost grew with the number of tools. A server serves one request (one transport) at a time and is closed before
// it returns here, so the protocol stays stateless: nothing of one request is visible to the next.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export class McpServerPool<Key> {
  private idle: McpServer[] = [];
  private key: Key | undefined;

  /** `build` makes a server for `key` (what its tools depend on); a new key retires every idle server. */
  constructor(
    private readonly build: (key: Key) => McpServer,
    private readonly maxIdle = 32,
  ) {}

  acquire(key: Key): McpServer {
    if (key !== this.key) {
      this.idle = [];
      this.key = key;
    }
    return this.idle.pop() ?? this.build(key);
  }

  /** Takes back a closed server, unless its key is outdated or enough are idle. */
  release(server: McpServer, key: Key): void {
    if (key === this.key && this.idle.length < this.maxIdle) this.idle.push(server);
  }
}
