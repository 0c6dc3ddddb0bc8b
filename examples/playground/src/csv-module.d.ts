// esbuild's text loader: importing a .csv file gives its text (build.ts sets `loader: { '.csv': 'text' }`).
declare module '*.csv' {
  const text: string;
  export default text;
}
