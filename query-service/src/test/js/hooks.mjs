export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'htm/preact/standalone' || specifier.startsWith('htm/')) {
    return nextResolve(specifier, { ...context, parentURL: import.meta.url });
  }
  return nextResolve(specifier, context);
}
