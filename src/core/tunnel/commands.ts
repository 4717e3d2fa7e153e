// Command ids the tunnel diagnoses point at. The extension registers handlers under these exact ids.

export const TunnelCommands = {
  setNgrokAuthtoken: 'auth0Mcp.setNgrokAuthtoken',
  pointAuth0AtUrl: 'auth0Mcp.pointAuth0AtUrl',
} as const;
