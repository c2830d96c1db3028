// A modal dialog on the native <dialog> element: showModal() traps focus and makes the
// rest of the screen inert, Escape cancels. The control marked data-autofocus gets the
// cursor when the dialog opens. Closing hands focus back to the barcode
// field (the cashier screen does that when its dialog state returns to none).
import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalProps {
  /** Accessible name of the dialog. */
  label: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
}

export function Modal({ label, onClose, children, className }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // React's autoFocus runs before showModal (which then focuses the first control), so
    // the field meant to take the first key is marked data-autofocus and focused here.
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      className={`modal ${className ?? ''}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}

/** The line in a dialog that says what is wrong with the input; nothing when all is well. */
export function DialogError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="dialog-error">
      {message}
    </p>
  ) : null;
}
