/**
 * The copy island, loaded only by pages with snippets to copy (a model page): a button in each copy marker that
 * copies its text area through the Clipboard API, or through a selection and `execCommand("copy")` where that
 * API is refused (an insecure origin, an older browser). Plain DOM, no Preact: a few hundred bytes, and no chunk
 * shared with the board island that would cost the board page a second request.
 */
import type { CopyButtonProps } from "../components/copy-button";

const SHOWN_MS = 2000;

async function copyText(area: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(area.value);
    return true;
  } catch {
    area.select();
    return document.execCommand("copy");
  }
}

function attach(marker: HTMLElement): void {
  const { target, what } = JSON.parse(marker.dataset.props ?? "{}") as CopyButtonProps;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Copy";
  button.setAttribute("aria-label", `Copy ${what}`);
  button.dataset.copy = target;
  const status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "muted";
  let timer: ReturnType<typeof setTimeout> | undefined;
  button.addEventListener("click", async () => {
    const area = document.getElementById(target);
    const ok = area instanceof HTMLTextAreaElement && (await copyText(area));
    status.textContent = ok ? "Copied" : "Copy failed: select the text instead";
    clearTimeout(timer);
    timer = setTimeout(() => {
      status.textContent = "";
    }, SHOWN_MS);
  });
  marker.classList.add("copy");
  marker.appendChild(button);
  marker.appendChild(status);
}

for (const marker of document.querySelectorAll<HTMLElement>('[data-island="copy"]')) attach(marker);
