// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FileGroups } from './file-groups.js';

afterEach(cleanup);

describe('FileGroups', () => {
  it('shows a hostile file name with its bidi override and controls as escapes, and still selects it by its real path', () => {
    // Listed as "evil‮gpj.exe": rendered raw, the override would display it as "evilexe.jpg".
    const hostile = 'evil\u202egpj.exe';
    const selected = new Set([hostile]);
    render(
      <FileGroups
        files={[
          {
            path: hostile,
            size: 10,
            group: 'other',
            pattern: hostile,
            onDisk: false,
            localDirs: [],
            localDirsAtPath: [],
            cachedAs: [],
            partialBytes: 0,
          },
          {
            path: 'bell\u0007.bin',
            size: 20,
            group: 'weights',
            pattern: 'bell\u0007.bin',
            onDisk: false,
            localDirs: [],
            localDirsAtPath: [],
            cachedAs: [],
            partialBytes: 0,
          },
        ]}
        selected={selected}
        onChange={() => {}}
      />,
    );
    expect(screen.getByText('evil\\u202egpj.exe')).toBeTruthy();
    expect(screen.getByText('bell\\x07.bin')).toBeTruthy();
    expect(document.body.textContent).not.toContain('\u202e');
    expect(document.body.textContent).not.toContain('\u0007');
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.filter((box) => box.checked)).toHaveLength(1);
  });
});
