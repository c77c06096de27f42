import { afterEach, describe, expect, test, vi } from "vitest";
import { useState } from "preact/hooks";
import { DataTable, sortRows, type Column, type SortState } from "./DataTable";
import { $, $$, click, key, mount, unmount } from "../test/helpers";

interface Row {
  id: string;
  name: string;
  n: number;
}
const rows: Row[] = [
  { id: "a", name: "Charlie", n: 10 },
  { id: "b", name: "alpha", n: 2 },
  { id: "c", name: "Bravo", n: 33 },
];
const columns: Column<Row>[] = [
  { id: "name", header: "Name", cell: (r) => r.name, sortValue: (r) => r.name },
  { id: "n", header: "Count", numeric: true, cell: (r) => r.n, sortValue: (r) => r.n },
  { id: "note", header: "Note", cell: () => "" },
];

function Harness({ onOpen }: { onOpen: (r: Row) => void }) {
  const [sort, setSort] = useState<SortState | null>(null);
  return <DataTable label="Test" columns={columns} rows={rows} rowKey={(r) => r.id} sort={sort} onSortChange={setSort} onOpen={onOpen} />;
}

const names = () => $$("tbody tr").map((tr) => tr.querySelector("td")!.textContent);

afterEach(unmount);

describe("DataTable", () => {
  test("sortRows: text case-insensitively, numbers numerically, both directions", () => {
    expect(sortRows(rows, columns, { column: "name", direction: "asc" }).map((r) => r.id)).toEqual(["b", "c", "a"]);
    expect(sortRows(rows, columns, { column: "n", direction: "desc" }).map((r) => r.id)).toEqual(["c", "a", "b"]);
    expect(sortRows(rows, columns, null)).toBe(rows);
  });

  test("sortRows: rows without a value go last in both directions", () => {
    interface Maybe {
      id: string;
      v: string | null;
    }
    const data: Maybe[] = [{ id: "x", v: null }, { id: "y", v: "2026-12-01" }, { id: "z", v: null }, { id: "w", v: "2026-11-01" }];
    const cols: Column<Maybe>[] = [{ id: "v", header: "V", cell: (r) => r.v, sortValue: (r) => r.v }];
    expect(sortRows(data, cols, { column: "v", direction: "asc" }).map((r) => r.id)).toEqual(["w", "y", "x", "z"]);
    expect(sortRows(data, cols, { column: "v", direction: "desc" }).map((r) => r.id)).toEqual(["y", "w", "x", "z"]);
  });

  test("clicking a header sorts, a second click reverses, aria-sort follows", async () => {
    mount(<Harness onOpen={() => {}} />);
    expect(names()).toEqual(["Charlie", "alpha", "Bravo"]);
    const countHeader = $$("th")[1];
    await click(countHeader.querySelector("button"));
    expect(names()).toEqual(["alpha", "Charlie", "Bravo"]);
    expect(countHeader.getAttribute("aria-sort")).toBe("ascending");
    await click(countHeader.querySelector("button"));
    expect(names()).toEqual(["Bravo", "Charlie", "alpha"]);
    expect(countHeader.getAttribute("aria-sort")).toBe("descending");
    expect($$("th")[2].querySelector("button")).toBeNull(); // not sortable
  });

  test("arrow keys move the focused row and Enter opens it", async () => {
    const onOpen = vi.fn();
    mount(<Harness onOpen={onOpen} />);
    const tbody = $("tbody")!;
    const first = $$("tbody tr")[0];
    expect(first.tabIndex).toBe(0);
    first.focus();
    await key(first, "ArrowDown");
    expect(document.activeElement).toBe($$("tbody tr")[1]);
    await key(document.activeElement!, "End");
    expect(document.activeElement).toBe($$("tbody tr")[2]);
    await key(document.activeElement!, "ArrowUp");
    await key(document.activeElement!, "Enter");
    expect(onOpen).toHaveBeenCalledWith(rows[1]);
    expect($$("tbody tr").filter((tr) => tr.tabIndex === 0)).toHaveLength(1);
    expect(tbody.contains(document.activeElement)).toBe(true);
  });

  test("the selected row is brought into view when it changes, and moving with the keys keeps the focused row in view", async () => {
    const scrolled: string[] = [];
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(function (this: HTMLElement) {
      scrolled.push(this.dataset.key ?? "");
    });
    function Selected() {
      const [selected, setSelected] = useState<string | null>(null);
      return <DataTable label="Test" columns={columns} rows={rows} rowKey={(r) => r.id} sort={null} onSortChange={() => {}} onOpen={(r) => setSelected(r.id)} selectedKey={selected} />;
    }
    mount(<Selected />);
    await click($$("tbody tr")[2]);
    expect(scrolled.at(-1)).toBe("c");
    expect($$("tbody tr")[2].getAttribute("aria-current")).toBe("true");
    $$("tbody tr")[2].focus();
    await key(document.activeElement!, "ArrowUp");
    expect(scrolled.at(-1)).toBe("b");
  });
});
