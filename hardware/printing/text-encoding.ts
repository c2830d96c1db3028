// Receipt text → printer bytes, done here rather than by node-thermal-printer: the library
// has no GB18030 (its CHINA code page is EUC-CN) and switches code page by itself when it
// meets `¥` after CJK text. The printer is kept in Chinese mode (FS &): ASCII is one byte
// and one column, CJK / full-width is GB18030 and two columns — exactly displayWidth().
// A narrow non-ASCII character (¥, é, ·) would come out double-width (or wrong) in Chinese
// mode, so it is sent from code page 437 between FS . (Chinese off) and FS & (on again).
// Typographic marks (× — “ ” …) never get here: the layout (domain/receipt, printable-text)
// already turned them into ASCII, so the on-screen preview shows what this prints.
import iconv from 'iconv-lite';
import { codePointWidth } from '../../domain/receipt';

export const FS_KANJI_ON = Buffer.from([0x1c, 0x26]);
export const FS_KANJI_OFF = Buffer.from([0x1c, 0x2e]);
/** ESC t 0: single-byte code page 437, which has ¥ at 0x9D. */
export const ESC_CODE_PAGE_437 = Buffer.from([0x1b, 0x74, 0x00]);

const cp437Cache = new Map<string, number | null>();
function cp437Byte(ch: string): number | null {
  let b = cp437Cache.get(ch);
  if (b === undefined) {
    const enc = iconv.encode(ch, 'cp437');
    b = enc.length === 1 && enc[0] !== 0x3f && (enc[0] ?? 0) >= 0x80 ? (enc[0] ?? null) : null;
    cp437Cache.set(ch, b);
  }
  return b;
}

/**
 * Encode one line of receipt text for a printer in Chinese mode (FS & already sent).
 * Leaves the printer in Chinese mode. Control characters are dropped; a character that
 * no encoding can print becomes '?' (one column, like its display width).
 * `kanjiSwitching: false` (STAR line mode, which has no FS & / FS .) sends narrow
 * non-ASCII characters as GB18030 too: the printer's font decides their width.
 */
export function encodeReceiptText(text: string, opts: { kanjiSwitching?: boolean } = {}): Buffer {
  const switching = opts.kanjiSwitching ?? true;
  const out: number[] = [];
  let gbRun = '';
  const flushGb = (): void => {
    if (gbRun === '') return;
    for (const b of iconv.encode(gbRun, 'gb18030')) out.push(b);
    gbRun = '';
  };
  let singleByteMode = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f) {
      flushGb();
      if (singleByteMode) {
        out.push(...FS_KANJI_ON);
        singleByteMode = false;
      }
      out.push(cp);
      continue;
    }
    const width = codePointWidth(cp);
    if (width === 0) continue; // controls and combining marks
    if (width === 2) {
      if (singleByteMode) {
        out.push(...FS_KANJI_ON);
        singleByteMode = false;
      }
      gbRun += ch;
      continue;
    }
    if (!switching) {
      gbRun += ch;
      continue;
    }
    flushGb();
    const single = cp437Byte(ch);
    if (single !== null) {
      if (!singleByteMode) {
        out.push(...FS_KANJI_OFF);
        singleByteMode = true;
      }
      out.push(single);
    } else {
      if (singleByteMode) {
        out.push(...FS_KANJI_ON);
        singleByteMode = false;
      }
      out.push(0x3f);
    }
  }
  flushGb();
  if (singleByteMode) out.push(...FS_KANJI_ON);
  return Buffer.from(out);
}
