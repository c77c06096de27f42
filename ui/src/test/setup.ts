// Every component test starts at the mock's fixed instant: a test that forgets to pin the clock
// still never depends on the day it runs.
import { beforeEach } from "vitest";
import { pinClock } from "../lib/clock";
import { MOCK_NOW } from "../lib/ipc/mock";

beforeEach(() => pinClock(new Date(MOCK_NOW)));
