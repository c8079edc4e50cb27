// Start NHS.UK frontend's components (header menu, skip link, ...) on every page.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
