/**
 * Streams the elements of a top-level JSON array as their source text, one at a time, so
 * a 50 MB `[{…},{…},…]` never sits in memory whole (each element is then JSON.parse'd).
 * It only tracks strings and nesting: it does not validate JSON, JSON.parse of each
 * element does. A truncated file ends with its incomplete element, `complete: false`.
 */
export async function* jsonArrayElements(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ text: string; complete: boolean }> {
  let started = false;
  let ended = false;
  let depth = 0; // nesting inside the current element; 0 between elements
  let inString = false;
  let escaped = false;
  let inScalar = false; // a bare number / true / false / null element
  let inElement = false;
  let carried = ''; // the current element's text from earlier chunks

  for await (const chunk of chunks) {
    let from = inElement ? 0 : -1;
    const emit = function* (end: number) {
      const text = carried + chunk.slice(from, end);
      carried = '';
      inElement = false;
      from = -1;
      yield { text, complete: true };
    };
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) yield* emit(i + 1); // a string element
        }
        continue;
      }
      if (inScalar) {
        if (c !== COMMA && c !== CLOSE_ARRAY && !isSpace(c)) continue;
        inScalar = false;
        yield* emit(i);
      }
      if (isSpace(c)) continue;
      if (!started) {
        if (c !== OPEN_ARRAY) throw new SyntaxError('not a JSON array');
        started = true;
        continue;
      }
      if (ended) throw new SyntaxError('content after the end of the array');
      if (depth === 0) {
        if (c === COMMA) continue;
        if (c === CLOSE_ARRAY) {
          ended = true;
          continue;
        }
        inElement = true;
        from = i;
        if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth = 1;
        else if (c === QUOTE) inString = true;
        else inScalar = true;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) yield* emit(i + 1);
      }
    }
    if (inElement) carried += chunk.slice(from);
  }
  if (!started) throw new SyntaxError('empty file');
  // Not closed: the file was cut. What is left (maybe nothing) is reported as incomplete.
  if (!ended) yield { text: carried, complete: false };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
