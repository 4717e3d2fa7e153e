// Imported first by extension.ts, so this runs before any other module of the bundle is evaluated:
// activation time as the extension sees it = bundle evaluation + activate().
export const bundleEvaluationStarted = performance.now();
