// A small set of 16px stroke icons, inline SVG (no icon font, nothing remote).
const PATHS: Record<string, string> = {
  dashboard: "M2.5 2.5h4.5v5.5h-4.5zM9 2.5h4.5v3.5h-4.5zM9 8h4.5v5.5h-4.5zM2.5 10h4.5v3.5h-4.5z",
  reviews: "M4 1.5h6l3 3v10h-9zM10 1.5v3h3M6 8h4.5M6 10.5h4.5",
  actions: "M2.5 4l1.5 1.5 2.5-2.5M8.5 4.5h5M2.5 10l1.5 1.5 2.5-2.5M8.5 10.5h5",
  registers: "M2.5 2.5h11v11h-11zM2.5 6h11M2.5 9.75h11M6.5 2.5v11",
  calendar: "M2.5 3.5h11v10h-11zM2.5 6.5h11M5.5 2v3M10.5 2v3",
  people: "M6 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 13.5c0-2.5 2-4 4.5-4s4.5 1.5 4.5 4M11 3a2.2 2.2 0 0 1 0 4.3M12.5 9.7c1.2.5 2 1.7 2 3.8",
  objectives: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 8.5a.5.5 0 1 0 0-1 .5.5 0 0 0 0 1z",
  settings: "M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4",
  lock: "M3.5 7h9v7h-9zM5.5 7V5a2.5 2.5 0 0 1 5 0v2",
  search: "M7 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM10.5 10.5l3.5 3.5",
  close: "M4 4l8 8M12 4l-8 8",
  check: "M3 8.5l3 3 7-7",
  circle: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12z",
  // "stroke|fill": the part after the bar is filled (a half-full circle for In progress).
  progress: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12z|M8 4.5a3.5 3.5 0 0 1 0 7z",
  completed: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM5.5 8l1.8 1.8L10.5 6.5",
  closed: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM5.5 8l1.8 1.8L10.5 6.5",
  overdue: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8 4.5V8l2.5 1.5",
  escalated: "M8 2l6 11H2zM8 6.5v3M8 11.3v.2",
  alert: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8 4.8v4M8 10.8v.3",
  info: "M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8 7.2v4M8 4.9v.3",
  arrowUp: "M8 13V3M4 7l4-4 4 4",
  arrowDown: "M8 3v10M4 9l4 4 4-4",
  chevronLeft: "M10 3l-5 5 5 5",
  chevronRight: "M6 3l5 5-5 5",
  sort: "M5 6l3-3 3 3M5 10l3 3 3-3",
  plus: "M8 3v10M3 8h10",
  mail: "M2 3.5h12v9H2zM2 4l6 5 6-5",
  edit: "M10.5 2.5l3 3-8 8h-3v-3zM9 4l3 3",
  key: "M10.5 9a3.5 3.5 0 1 0-3.4-2.7L2 11.5V14h2.5v-1.5H6V11h1.5l1.7-1.7c.4.2.8.2 1.3.2z",
  copy: "M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3",
  folder: "M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z",
  sparkle: "M8 1.5l1.5 4.5 4.5 1.5-4.5 1.5L8 13.5 6.5 9 2 7.5 6.5 6z",
  command: "M5.5 5.5h5v5h-5zM5.5 5.5V4a1.5 1.5 0 1 0-1.5 1.5zM10.5 5.5V4a1.5 1.5 0 1 1 1.5 1.5zM5.5 10.5V12a1.5 1.5 0 1 1-1.5-1.5zM10.5 10.5V12a1.5 1.5 0 1 0 1.5-1.5z",
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, class: cls }: { name: IconName; size?: number; class?: string }) {
  const filled = name === "closed";
  return (
    <svg
      class={`icon${filled ? " icon-filled" : ""}${cls ? ` ${cls}` : ""}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name].split("|").map((d, i) => (
        <path key={i} d={d} class={i ? "icon-fill" : undefined} />
      ))}
    </svg>
  );
}
