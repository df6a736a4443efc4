// The demo's report inside the app: the self-contained report.html (inline images and SVG, no scripts) in a
// shadow root, so its styles stay its own and no iframe (which the renderer's CSP does not allow) is needed.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export function DemoReport({ html, result, onClose }: { html: string; result: string; onClose: () => void }): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    // The HTML parser drops <html>/<head>/<body> here and keeps the report's <style> and content.
    root.innerHTML = html;
  }, [html]);
  return (
    <div className="demo-report" role="dialog" aria-label="Demo report" data-testid="demo-report">
      <div className="demo-report-bar">
        <span>Demo report · result {result} (report.html in the data directory&apos;s results folder)</span>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="demo-report-body" ref={host} />
    </div>
  );
}
