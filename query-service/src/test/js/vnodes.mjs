// Reads Preact virtual nodes without a DOM: the elements they would build, and their text.

/** Every element node under a vnode (depth first), as {type, props}. */
export function elements(node, out = []) {
  if (node === null || node === undefined || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach(child => elements(child, out));
    return out;
  }
  if (typeof node.type === 'function') return elements(node.type(node.props), out);
  if (typeof node.type === 'string') out.push(node);
  elements(node.props && node.props.children, out);
  return out;
}

/** The text a vnode would show. */
export function text(node) {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join('');
  if (typeof node.type === 'function') return text(node.type(node.props));
  return text(node.props && node.props.children);
}
