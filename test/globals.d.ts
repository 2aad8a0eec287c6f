// Tests read many JSON bodies whose shape they then assert; let Response.json() be `any` there.
export {};
declare global {
  interface Response {
    json(): Promise<any>;
  }
}
