// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionsMenu } from './ActionsMenu.tsx';

afterEach(cleanup);

function renderMenu() {
  const rename = vi.fn();
  const remove = vi.fn();
  render(
    <>
      <ActionsMenu
        label="Actions for “Sales”"
        actions={[
          { label: 'Rename…', onSelect: rename },
          { label: 'Clone…', onSelect: vi.fn() },
          { label: 'Delete…', onSelect: remove, danger: true },
        ]}
      />
      <button type="button">Elsewhere</button>
    </>,
  );
  return { trigger: screen.getByRole('button', { name: 'Actions for “Sales”' }), rename, remove };
}

const focused = () => document.activeElement?.textContent;

describe('ActionsMenu', () => {
  it('opens from the keyboard on the first or last action and moves with arrows, Home, End, letters', async () => {
    const user = userEvent.setup();
    const { trigger } = renderMenu();
    trigger.focus();

    await user.keyboard('{Enter}');
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('menu', { name: 'Actions for “Sales”' })).toBeTruthy();
    expect(focused()).toBe('Rename…');
    await user.keyboard('{ArrowUp}');
    expect(focused()).toBe('Delete…');
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe('Rename…');
    await user.keyboard('{End}');
    expect(focused()).toBe('Delete…');
    await user.keyboard('{Home}c');
    expect(focused()).toBe('Clone…');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);

    await user.keyboard('{ArrowUp}');
    expect(focused()).toBe('Delete…');
  });

  it('runs the chosen action with focus back on the button', async () => {
    const user = userEvent.setup();
    const { trigger, rename, remove } = renderMenu();
    await user.click(trigger);
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(remove).toHaveBeenCalledOnce();
    expect(rename).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('closes on a click elsewhere or on Tab', async () => {
    const user = userEvent.setup();
    const { trigger } = renderMenu();
    await user.click(trigger);
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(trigger.getAttribute('aria-expanded')).toBe('false');

    await user.click(trigger);
    await user.tab();
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
