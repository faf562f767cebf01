// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ScriptedApi,
  startScriptedApi,
  unsupportedNetwork,
} from '../../../test/support/web/api-server.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadForm } from './download-form.js';

const NOTE = 'Read from the address: dataset org/small at revision v1.0.';

describe('DownloadForm: the note on what an address was read as', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/system/network': () => ({ body: unsupportedNetwork }),
      'GET /api/settings': () => ({ status: 503, body: { code: 'X', message: 'later' } }),
      'GET /api/models': () => ({ body: [] }),
    });
    renderLive(server.api, <DownloadForm />);
    const input = screen.getByLabelText('Hugging Face repo id');
    fireEvent.change(input, { target: { value: 'https://huggingface.co/datasets/org/small/tree/v1.0' } });
    fireEvent.blur(input);
    expect(screen.getByText(NOTE)).toBeTruthy();
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('goes once the type it names is changed', () => {
    fireEvent.change(screen.getByDisplayValue('Dataset'), { target: { value: 'model' } });
    expect(screen.queryByText(/Read from the address/)).toBeNull();
  });

  it('goes once the revision it names is changed', () => {
    fireEvent.change(screen.getByDisplayValue('v1.0'), { target: { value: 'nosuchbranch' } });
    expect(screen.queryByText(/Read from the address/)).toBeNull();
    expect(screen.getByLabelText('Hugging Face repo id').getAttribute('aria-describedby')).toBeNull();
  });
});
