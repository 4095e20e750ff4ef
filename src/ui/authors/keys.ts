/** The commenter panel's key (commenter-panel.tsx), for the help dialog. */
export const COMMENTER_SHORTCUTS: Array<{ keys: string; does: string }> = [{ keys: 'w', does: "Show or hide the commenter's history (who wrote the current comment)" }];
