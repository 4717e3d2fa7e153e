// The "Auth0 Logs" panel view. Shows tenant log events with their diagnosis once connected.

import * as vscode from 'vscode';
import type { Controller } from './controller';

export type LogNode = { kind: 'event'; id: string; label: string };

export class LogsViewProvider implements vscode.TreeDataProvider<LogNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<LogNode> | undefined;

  constructor(controller: Controller) {
    controller.track(controller.onDidChange(() => this.render()));
  }

  attach(view: vscode.TreeView<LogNode>): void {
    this.view = view;
    this.render();
  }

  private render(): void {
    if (this.view) {
      // Not connected: no rows, so the view's welcome content (a Connect button) shows instead.
      this.view.message = undefined;
    }
    this.changed.fire();
  }

  getChildren(): LogNode[] {
    return [];
  }

  getTreeItem(node: LogNode): vscode.TreeItem {
    return new vscode.TreeItem(node.label);
  }
}
