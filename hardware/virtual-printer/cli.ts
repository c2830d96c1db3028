// Run the virtual receipt printer on its own:
//   npx tsx hardware/virtual-printer/cli.ts --port 9100 --out .data/receipts
// Prints each receipt to stdout as it is cut and writes .txt/.bin files to --out.
import { parseArgs } from 'node:util';
import { VirtualPrinter } from './virtual-printer';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    out: { type: 'string', default: '.data/receipts' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0..65535, got ${values.port}`);
  process.exit(2);
}

const printer = await VirtualPrinter.start({ port, outDir: values.out ?? null });
console.log(`Virtual receipt printer on ${printer.address}; receipts in ${values.out}`);
printer.onReceipt((r) => {
  console.log(`\n--- receipt ${r.index} (${r.at}) ${r.file ?? ''}`);
  console.log(r.text);
});
const shutdown = (): void => {
  void printer.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
