// The one error block of the renderer's forms and panels: a red role="alert" element, or nothing when there is no message.
import type { ReactNode } from 'react';

export interface FormErrorProps {
  /** The message; null, undefined or '' render nothing. */
  message?: string | null;
  /** Several messages, one paragraph each; an empty list renders nothing. Use instead of `message`. */
  lines?: readonly string[];
  /** `div` where the block sits in a list row or holds `lines`; `p` otherwise. */
  as?: 'p' | 'div';
  /** Accessible name of the alert (e2e tests find a named alert with getByRole('alert', { name })). */
  label?: string;
  testId?: string;
}

export function FormError({ message, lines, as, label, testId }: FormErrorProps): ReactNode {
  const many = lines && lines.length > 0;
  if (!message && !many) return null;
  const content = many ? lines.map((line) => <p key={line}>{line}</p>) : message;
  const Tag = many ? 'div' : (as ?? 'p');
  return (
    <Tag className="status-error" role="alert" aria-label={label} data-testid={testId}>
      {content}
    </Tag>
  );
}
