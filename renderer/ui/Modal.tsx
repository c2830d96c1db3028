// A modal dialog on the native <dialog> element: showModal() traps focus and makes the
// rest of the screen inert, Escape cancels. Closing hands focus back to the barcode
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
