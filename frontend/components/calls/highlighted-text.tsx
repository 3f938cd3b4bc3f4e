import type { TextPart } from '@/lib/calls/transcript-search';

/** Text with its matched parts in `<mark>`; `current` marks the match the reader is on. */
export function HighlightedText({ parts, current, markClassName, currentClassName }: {
  parts: TextPart[];
  current?: number;
  markClassName?: string;
  currentClassName?: string;
}) {
  return (
    <>
      {parts.map((part, index) =>
        part.match === undefined ? (
          part.text
        ) : (
          <mark
            key={index}
            className={part.match === current ? `${markClassName ?? ''} ${currentClassName ?? ''}`.trim() : markClassName}
            data-match={part.match}
            aria-current={part.match === current ? 'true' : undefined}
          >
            {part.text}
          </mark>
        ),
      )}
    </>
  );
}
