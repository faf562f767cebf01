/**
 * A table wider than its card scrolls sideways inside it instead of squeezing its columns (until words
 * break mid-word) or being cut off. While there is more to one side, a shadow shows on that edge (CSS,
 * `.table-scroll`), and a line under it says so; the region can take the keyboard focus to scroll.
 */
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import './scroll-table.css';

/** Whether the element's content is wider than the element, kept up to date as either changes size. */
function useWiderThanBox(ref: RefObject<HTMLElement | null>): boolean {
  const [wider, setWider] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWider(element.scrollWidth > element.clientWidth + 1);
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [ref]);
  return wider;
}

export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const wider = useWiderThanBox(ref);
  return (
    <div className="table-scroll-box">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section ref={ref} className="table-scroll" aria-label={label} tabIndex={0}>
        {children}
      </section>
      {wider ? (
        <p className="table-scroll__hint" aria-hidden="true">
          Scroll sideways for more →
        </p>
      ) : null}
    </div>
  );
}
