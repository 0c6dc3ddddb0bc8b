// The dataset loaders: [X, y] with returnXy, a Bunch otherwise, and `frame` typed present only with asFrame.
import { MLPClassifier, loadIris, loadWine, makeMoons } from 'scikeras-ts';

async function main(): Promise<number> {
  const [X, y] = await loadIris({ returnXy: true });
  const { data, target, featureNames, targetNames } = await loadWine();
  const { frame } = await loadIris({ asFrame: true });
  const first: Record<string, number> = frame[0];
  const sepal: number | undefined = first['sepal length (cm)'];
  const plain = await loadIris();
  // @ts-expect-error without asFrame there may be no frame
  plain.frame.length;
  const [Xm, ym] = makeMoons({ nSamples: 50, noise: 0.1, randomState: 0 });
  const clf = new MLPClassifier({ maxIter: 10 }).fit(X, y);
  return clf.score(Xm, ym) + data.length + target.length + featureNames.length + targetNames.length + (sepal ?? 0);
}

export { main };
