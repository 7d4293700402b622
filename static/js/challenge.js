// The ALTCHA proof-of-work challenge of public forms (participation/challenge.py), solved here,
// on this site: no third party, no picture to read. On submit the form fetches a challenge,
// finds the number whose SHA-256 with the salt matches, puts the solution in the hidden "altcha"
// field and submits. Without JavaScript, or without WebCrypto (plain HTTP), the form submits
// unsolved and the server holds the submission for review instead of losing it.
const encoder = new TextEncoder();

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function solve(challenge) {
  const batch = 500;
  for (let start = 0; start <= challenge.maxNumber; start += batch) {
    const numbers = [];
    for (let n = start; n < start + batch && n <= challenge.maxNumber; n += 1) numbers.push(n);
    const digests = await Promise.all(
      numbers.map((n) => crypto.subtle.digest(challenge.algorithm, encoder.encode(challenge.salt + n))),
    );
    const found = digests.findIndex((digest) => toHex(digest) === challenge.challenge);
    if (found !== -1) return numbers[found];
  }
  return null;
}

function setUp(form) {
  const field = form.querySelector('input[name="altcha"]');
  const status = form.querySelector("[data-challenge-status]");
  if (!field || !window.crypto || !crypto.subtle) return;
  let busy = false;
  form.addEventListener("submit", async (event) => {
    if (field.value) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    const buttons = form.querySelectorAll('button[type="submit"]');
    buttons.forEach((button) => { button.disabled = true; });
    if (status) status.textContent = status.dataset.working;
    try {
      const response = await fetch(form.dataset.challengeUrl, { cache: "no-store", credentials: "same-origin" });
      const challenge = await response.json();
      const number = await solve(challenge);
      if (number !== null) {
        field.value = btoa(JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number,
          salt: challenge.salt,
          signature: challenge.signature,
        }));
      }
      if (status) status.textContent = status.dataset.done;
    } catch (error) {
      // Submitted unsolved: the server keeps it, held for review.
      if (status) status.textContent = status.dataset.done;
    }
    form.submit();
  });
}

document.querySelectorAll("form[data-challenge-url]").forEach(setUp);
