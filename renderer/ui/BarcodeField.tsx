// The barcode field: where the cursor lives. A code typed or scanned here and Enter
// rings it up; text that is not a barcode searches the catalogue by name, pinyin
// initials or code, with a short result list driven by the arrow keys and Enter.
// Scans from a wedge scanner do not come through this field at all (attachWedge catches
// them wherever focus is); manual entry does.
import { forwardRef, memo, useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { Product } from '../../domain';
import { searchProducts } from '../db/catalogue';
import { showMoney, showStock } from './format';
import { useTill, useTillContext } from './till-context';
import { useStock } from './use-stock';

/** Digits only and at least 8 long: EAN-8/13, UPC-A, scale labels. Anything else searches. */
export function looksLikeBarcode(text: string): boolean {
  return /^\d{8,}$/u.test(text);
}

const SEARCH_DELAY_MS = 120;
const SEARCH_LIMIT = 8;

export interface BarcodeFieldProps {
  /** Move the cart selection (arrow keys when no search results are shown). */
  onMoveSelection(delta: 1 | -1): void;
  /** A weighed product picked from search needs its weight first. */
  onPickWeighed(product: Product): void;
}

// Memoised: its props are stable, so it does not re-render with every store change.
export const BarcodeField = memo(
  forwardRef<HTMLInputElement, BarcodeFieldProps>(function BarcodeField(
    { onMoveSelection, onPickWeighed },
    ref,
  ) {
    const { store, db, canSell, config } = useTillContext();
    const busy = useTill((s) => s.busy);
    const [text, setText] = useState('');
    const [results, setResults] = useState<Product[]>([]);
    const [highlight, setHighlight] = useState(0);
    const listId = useId();
    // Stock of the products listed, kept live (a sale in another window updates it).
    const stock = useStock(
      db,
      results.map((p) => p.id),
    );

    // Search as the cashier types (debounced); a stale answer never overwrites a newer one.
    useEffect(() => {
      const query = text.trim();
      if (query === '' || looksLikeBarcode(query)) {
        setResults([]);
        return;
      }
      let current = true;
      const timer = setTimeout(() => {
        searchProducts(db, query, SEARCH_LIMIT)
          .then((found) => {
            if (!current) return;
            setResults(found);
            setHighlight(0);
          })
          .catch(() => {
            if (current) setResults([]);
          });
      }, SEARCH_DELAY_MS);
      return () => {
        current = false;
        clearTimeout(timer);
      };
    }, [text, db]);

    const reset = (): void => {
      setText('');
      setResults([]);
      setHighlight(0);
    };

    const pick = (product: Product): void => {
      reset();
      if (product.unit === 'kg') onPickWeighed(product);
      else store.getState().addProduct(product);
    };

    const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
      if (e.key === 'Enter') {
        e.preventDefault();
        // Read the DOM value: characters re-delivered by the wedge detector may not have
        // reached React state yet.
        const value = e.currentTarget.value.trim();
        if (value === '') return;
        const chosen = results[highlight];
        if (!looksLikeBarcode(value) && chosen !== undefined) {
          pick(chosen);
          return;
        }
        reset();
        void store.getState().scanBarcode(value);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const delta = e.key === 'ArrowDown' ? 1 : -1;
        if (results.length > 0) {
          setHighlight((h) => (h + delta + results.length) % results.length);
        } else {
          onMoveSelection(delta);
        }
      } else if (e.key === 'Escape' && text !== '') {
        e.preventDefault();
        reset();
      }
    };

    const active = results[highlight];
    return (
      <div className="barcode-field">
        <label htmlFor="barcode-input">Barcode or search 条码 / 搜索</label>
        <input
          ref={ref}
          id="barcode-input"
          className="barcode-input"
          role="combobox"
          aria-label="Barcode or search"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active ? `${listId}-${active.id}` : undefined}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          disabled={!canSell}
          aria-busy={busy}
          placeholder="Scan, or type a barcode, name, pinyin initials or code"
          value={text}
          onChange={(e) => {
            const value = e.target.value;
            setText(value);
            // Look the code up while it is still being typed: when Enter comes the answer
            // is usually there, and the line is drawn in the same frame as the Enter.
            const code = value.trim();
            if (looksLikeBarcode(code)) store.getState().prefetchBarcode(code);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" aria-label="Search results" className="search-results">
          {results.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${p.id}`}
              role="option"
              aria-selected={i === highlight}
              className={i === highlight ? 'search-result highlighted' : 'search-result'}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(p)}
            >
              <span className="product-name">
                <span lang="zh-CN">{p.name}</span>
                <span className="name-en" lang="en">
                  {p.nameEn}
                </span>
              </span>
              <span className="sku">{p.sku}</span>
              <span className="price">
                {showMoney(p.priceMinor, config.currency)}
                {p.unit === 'kg' ? ' / kg' : ''}
              </span>
              <span className="stock" aria-label={`Stock for ${p.name}`}>
                {stock.has(p.id) ? `库存 Stock ${showStock(stock.get(p.id) ?? null, p.unit)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  }),
);
