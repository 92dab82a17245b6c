// Drives the demo page in headless Chromium: two browser contexts (two cookie jars) pinned to different pods join one
// room and chat. Prints one JSON line with what each page showed; screenshots go to --screenshots.
// Arguments: --url=http://127.0.0.1:PORT/ --screenshots=DIR [--room=NAME] [--chromium=/usr/bin/chromium]
const path = require("path");
const { createRequire } = require("module");
const args = require("./args")();

// playwright-core lives in the tools workspace (tests/tools), pinned beside the helm binary package.
const { chromium } = createRequire(path.join(__dirname, "..", "..", "tools", "package.json"))("playwright-core");

const WAIT_MS = 10000;
const MAX_CONTEXTS = 6;

async function openChat(browser, url, name) {
  const context = await browser.newContext({ viewport: { width: 900, height: 720 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${url}&name=${encodeURIComponent(name)}`);
  await page.waitForFunction(() => document.getElementById("joined").textContent.startsWith("in room"), null, { timeout: WAIT_MS });
  const pod = (await page.textContent("#pod")).trim();
  return { context, page, pod, name, pageErrors };
}

async function send(chat, text) {
  await chat.page.fill("#text", text);
  await chat.page.press("#text", "Enter");
}

async function received(chat, text) {
  const item = chat.page.locator("#messages li", { hasText: text });
  await item.waitFor({ timeout: WAIT_MS });
  return {
    fromPod: await item.getAttribute("data-from-pod"),
    deliveredBy: await item.getAttribute("data-delivered-by"),
    route: (await item.locator(".route").textContent()).trim(),
  };
}

async function waitForWebSocket(chat) {
  await chat.page.waitForFunction(() => document.getElementById("transport").textContent === "websocket", null, { timeout: WAIT_MS });
  return chat.page.textContent("#transport");
}

async function main() {
  if (!args.url || !args.screenshots) throw new Error("usage: demo-chat.js --url=URL --screenshots=DIR [--room=NAME]");
  const room = args.room || `demo-${process.pid}`;
  const url = `${args.url.replace(/\/?$/, "/")}?room=${encodeURIComponent(room)}`;
  const browser = await chromium.launch({
    executablePath: args.chromium || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const alice = await openChat(browser, url, "alice");
    // A new context has no cookie, so the proxy picks a pod for it; keep the first that differs from alice's.
    let bob;
    for (let attempt = 0; attempt < MAX_CONTEXTS && !bob; attempt++) {
      const candidate = await openChat(browser, url, "bob");
      if (candidate.pod !== alice.pod) bob = candidate;
      else await candidate.context.close();
    }
    if (!bob) throw new Error(`every context landed on ${alice.pod}: the proxy does not spread new browsers`);

    const transports = [await waitForWebSocket(alice), await waitForWebSocket(bob)];
    await send(alice, "hello from alice");
    const bobSaw = await received(bob, "hello from alice");
    await send(bob, "hi alice, bob here");
    const aliceSaw = await received(alice, "hi alice, bob here");
    const aliceOwn = await received(alice, "hello from alice");

    const screenshots = [];
    for (const chat of [alice, bob]) {
      const file = path.join(args.screenshots, `demo-${chat.name}.png`);
      await chat.page.screenshot({ path: file, fullPage: true });
      screenshots.push(file);
    }

    console.log(JSON.stringify({
      room,
      alicePod: alice.pod,
      bobPod: bob.pod,
      transports,
      bobSaw,
      aliceSaw,
      aliceOwn,
      reconnects: [await alice.page.textContent("#reconnects"), await bob.page.textContent("#reconnects")],
      pageErrors: [...alice.pageErrors, ...bob.pageErrors],
      screenshots,
    }));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
