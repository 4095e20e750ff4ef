/**
 * The top bar's account control (issue 14): in single-user mode the words "local (single-user)" and nothing to log
 * out of; with an account a menu button "Account: <name> (<role>)" with Change password…, Accounts… (administrators)
 * and Log out. While the user still has a one-time password, a highlighted "Choose your password" button stands
 * beside it: a prompt, not a block (the console and the API keep working).
 * The menu follows the menu button pattern: Enter/Space/ArrowDown open it on the first item, arrows move, Escape and
 * Tab close it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { AccountsDialog } from './accounts-dialog.tsx';
import { ChangePasswordDialog } from './change-password-dialog.tsx';
import { useSessionActions } from './session-actions.ts';
import { useCan, useSession } from './session-context.tsx';

type Open = 'password' | 'accounts' | null;

export function AccountMenu() {
  const session = useSession();
  const { logOut, refresh } = useSessionActions();
  const isAdmin = useCan('administer');
  const [menuOpen, setMenuOpen] = useState(false);
  const [dialog, setDialog] = useState<Open>(null);
  const [announcement, setAnnouncement] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (menuOpen) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menuOpen]);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menuOpen]);

  if (session.mode === 'single-user') {
    return (
      <span className="account-local" title="No accounts exist on this server yet: you act as the local administrator. Make accounts with npm run --silent users -- add <name> --role <role>.">
        {session.user.username} (single-user)
      </span>
    );
  }

  const { username, role } = session.user;
  const choose = (next: Open | 'logout') => {
    setMenuOpen(false);
    if (next === 'logout') void logOut();
    else setDialog(next);
  };
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? items[0] : items.at(-1))?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setMenuOpen(false);
      button.current?.focus();
    } else if (event.key === 'Tab') {
      setMenuOpen(false);
    }
  };

  return (
    <span className="account-menu">
      {session.mustChangePassword ? (
        <button type="button" className="attention" onClick={() => setDialog('password')}>
          Choose your password
        </button>
      ) : null}
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((open) => !open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setMenuOpen(true);
          }
        }}
      >
        <span className="sr-only">Account:</span> {`${username} (${role})`}
      </button>
      {menuOpen ? (
        <div ref={menu} role="menu" aria-label="Account" className="account-menu-list" onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('password')}>
            Change password…
          </button>
          {isAdmin ? (
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('accounts')}>
              Accounts…
            </button>
          ) : null}
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('logout')}>
            Log out
          </button>
        </div>
      ) : null}
      <span className="sr-only" role="status">
        {announcement}
      </span>
      {dialog === 'password' ? (
        <ChangePasswordDialog
          oneTime={session.mustChangePassword}
          onClose={() => setDialog(null)}
          onChanged={() => {
            setDialog(null);
            setAnnouncement('Your password is changed.');
            void refresh();
          }}
        />
      ) : null}
      {dialog === 'accounts' ? <AccountsDialog self={username} onClose={() => setDialog(null)} /> : null}
    </span>
  );
}
