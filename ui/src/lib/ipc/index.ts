// The only door to the backend: nothing else in ui/ imports @tauri-apps/*.
import { invoke } from "@tauri-apps/api/core";

export interface AppInfo {
  version: string;
  storePath: string;
  storeState: string;
}

export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}
