// The archc extension: starts `archc lsp` for .arch files (the colouring is the grammar's).
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('archc').get('path') || 'archc';
  client = new LanguageClient('archc', 'archc', { command, args: ['lsp'] }, { documentSelector: [{ language: 'arch' }] });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
