import { describe, expect, it } from 'vitest';
import { contentTypeFor } from './content-types';

describe('content types of the built renderer', () => {
  it('gives module scripts a JavaScript type, whatever the case of the extension', () => {
    expect(contentTypeFor('/x/assets/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('C:\\till\\INDEX.MJS')).toBe('text/javascript; charset=utf-8');
  });

  it('names the type of the config file and leaves an unlisted extension to the caller', () => {
    expect(contentTypeFor('/till-config.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('/notes.txt')).toBeUndefined();
    expect(contentTypeFor('/LICENSE')).toBeUndefined();
  });
});
