// helpportal: progressive enhancement only; every page works without it.
"use strict";
// Lets styles (and the browser tests) tell that scripts run.
document.documentElement.classList.add("js");
