// An extension that only loads the vscode API and does nothing: what the host itself spends activating any extension.
const vscode = require('vscode');
exports.activate = () => ({ version: vscode.version });
