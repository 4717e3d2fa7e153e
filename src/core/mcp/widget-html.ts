// The demo widget as a string module, so esbuild bundles it and no media path has to be resolved at run time.
// It renders the tool's structuredContent from either host: MCP Apps (postMessage JSON-RPC) or ChatGPT's window.openai.

export const PROFILE_CARD_URI = 'ui://widget/profile-card.html';
export const MCP_APP_MIME = 'text/html;profile=mcp-app';

export const PROFILE_CARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Profile card</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; padding: 12px; }
  .card { border: 1px solid #8884; border-radius: 12px; padding: 16px; max-width: 420px; }
  h1 { font-size: 18px; margin: 0 0 8px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; font-size: 13px; }
  dt { opacity: .7; } dd { margin: 0; overflow-wrap: anywhere; }
</style>
</head>
<body>
<div class="card">
  <h1 id="greeting">Signed in with Auth0</h1>
  <dl>
    <dt>Subject</dt><dd id="subject">…</dd>
    <dt>Client</dt><dd id="clientId">…</dd>
    <dt>Scopes</dt><dd id="scopes">…</dd>
    <dt>Token expires</dt><dd id="expiresAt">…</dd>
  </dl>
</div>
<script>
  function render(data) {
    if (!data || typeof data !== 'object') return;
    var set = function (id, value) { document.getElementById(id).textContent = value || '—'; };
    set('greeting', data.greeting);
    set('subject', data.subject);
    set('clientId', data.clientId);
    set('scopes', Array.isArray(data.scopes) ? data.scopes.join(' ') : '');
    set('expiresAt', data.expiresAt);
  }
  // ChatGPT (Apps SDK) exposes the tool result directly.
  if (window.openai && window.openai.toolOutput) render(window.openai.toolOutput);
  window.addEventListener('openai:set_globals', function () { if (window.openai) render(window.openai.toolOutput); });
  // MCP Apps: initialize over postMessage, then the host sends the tool result as a notification.
  window.addEventListener('message', function (event) {
    var msg = event.data;
    if (!msg || msg.jsonrpc !== '2.0') return;
    if (msg.method === 'ui/notifications/tool-result' && msg.params) render(msg.params.structuredContent);
    if (msg.id === 1 && msg.result) window.parent.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/initialized' }, '*');
  });
  if (window.parent !== window) {
    window.parent.postMessage({ jsonrpc: '2.0', id: 1, method: 'ui/initialize', params: {
      protocolVersion: '2026-01-26', appInfo: { name: 'auth0-profile-card', version: '1.0.0' }, appCapabilities: {}
    } }, '*');
  }
</script>
</body>
</html>
`;
