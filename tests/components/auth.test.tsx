/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { signIn } from "next-auth/react";
import { SignInForm } from "@/app/(shop)/signin/sign-in-form";
import { SignUpForm } from "@/app/(shop)/signup/sign-up-form";
import { safeCallbackUrl } from "@/lib/api-client/navigation";
import { api } from "@/tests/helpers/app";
import { createUser } from "@/tests/helpers/fixtures";
import { installBrowser, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase } from "@/tests/components/support/catalog";
import { router, setLocation } from "@/tests/components/support/next-navigation";
import { renderWithSWR } from "@/tests/components/support/render";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));
// next-auth's signIn() needs a running next-auth server (its route handler reads Next's
// request context). The stand-in checks the credentials against the real users table
// through POST /api/login and answers as signIn({ redirect: false }) does.
jest.mock("next-auth/react", () => ({ signIn: jest.fn(), signOut: jest.fn() }));
const mockedSignIn = jest.mocked(signIn);

let browser: TestBrowser;
beforeAll(openTestDatabase);
beforeEach(() => {
  browser = installBrowser();
  router.replace.mockClear();
  router.refresh.mockClear();
  mockedSignIn.mockReset();
  mockedSignIn.mockImplementation(async (_provider, options) => {
    const email = String(options?.email ?? "");
    const password = String(options?.password ?? "");
    const response = await api("POST", "/api/login", { body: { username: email, password } });
    if (response.status === 200)
      return { ok: true, error: null, status: 200, url: String(options?.callbackUrl) };
    const error = response.status === 429 ? "TooManyAttempts" : "CredentialsSignin";
    return { ok: false, error, status: 401, url: null };
  });
});

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("/signin", () => {
  it("signs in with next-auth's credentials provider and goes back where the visitor was", async () => {
    const user = await createUser("user", { password: "correct horse battery" });
    setLocation("/signin?callbackUrl=%2Fcart");
    renderWithSWR(<SignInForm callbackUrl="/cart" initialError={null} />);
    fill("Email", user.email);
    fill("Password", "correct horse battery");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/cart"));
    expect(mockedSignIn).toHaveBeenCalledWith("credentials", {
      redirect: false,
      email: user.email,
      password: "correct horse battery",
      callbackUrl: "/cart",
    });
    // Server components (the layout's pre-loaded user and cart) render again as the new user.
    expect(router.refresh).toHaveBeenCalled();
  });

  it("says the email or password is wrong, and stays", async () => {
    const user = await createUser();
    renderWithSWR(<SignInForm callbackUrl="/products" initialError={null} />);
    fill("Email", user.email);
    fill("Password", "not the password");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Incorrect email or password.")).toBeInTheDocument();
    expect(screen.getByText("Incorrect email or password.").closest("[role=alert]")).not.toBeNull();
    expect(router.replace).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("says when there were too many attempts", async () => {
    mockedSignIn.mockResolvedValueOnce({ ok: false, error: "TooManyAttempts", status: 401, url: null });
    renderWithSWR(<SignInForm callbackUrl="/products" initialError={null} />);
    fill("Email", "someone@example.com");
    fill("Password", "whatever");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Too many attempts, try again later.")).toBeInTheDocument();
  });

  it("shows the error next-auth put in the URL (?error=CredentialsSignin)", () => {
    renderWithSWR(<SignInForm callbackUrl="/products" initialError="CredentialsSignin" />);
    expect(screen.getByRole("alert")).toHaveTextContent("Incorrect email or password.");
  });

  it("links to sign-up keeping the callback URL", () => {
    renderWithSWR(<SignInForm callbackUrl="/orders?skip=10" initialError={null} />);
    expect(screen.getByRole("link", { name: "Create an account" })).toHaveAttribute(
      "href",
      "/signup?callbackUrl=%2Forders%3Fskip%3D10",
    );
  });
});

describe("safeCallbackUrl", () => {
  it.each([
    ["/orders?skip=10", "/orders?skip=10"],
    ["/cart#top", "/cart#top"],
    ["//evil.example/", "/products"],
    ["/\\evil.example", "/products"],
    ["https://evil.example/", "/products"],
    ["javascript:alert(1)", "/products"],
    ["/signin?callbackUrl=/signin", "/products"],
    [undefined, "/products"],
  ])("%s → %s", (raw, expected) => {
    expect(safeCallbackUrl(raw)).toBe(expected);
  });
});

describe("/signup", () => {
  it("shows the API's field errors next to the fields", async () => {
    renderWithSWR(<SignUpForm callbackUrl="/products" />);
    fill("Email", "not-an-email");
    fill("Password", "short");
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Email must be an email address.")).toBeInTheDocument();
    expect(screen.getByText("Password must be at least 8 characters.")).toBeInTheDocument();
    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription("Email must be an email address.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
      "At least 8 characters Password must be at least 8 characters.",
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Check the fields marked below.");
    expect(mockedSignIn).not.toHaveBeenCalled();
  });

  it("says when the email is taken (409)", async () => {
    const existing = await createUser();
    renderWithSWR(<SignUpForm callbackUrl="/products" />);
    fill("Email", existing.email);
    fill("Password", "long enough password");
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Email is already registered.")).toBeInTheDocument();
  });

  it("creates the account through the API, signs in and goes on", async () => {
    renderWithSWR(<SignUpForm callbackUrl="/cart" />);
    fill("Name", "Carol");
    fill("Email", "carol@example.com");
    fill("Password", "carol-long-password");
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/cart"));
    const created = browser.requests.find((r) => r.method === "POST" && r.path === "/api/users");
    expect(created).toBeDefined();
    expect(mockedSignIn).toHaveBeenCalledWith("credentials", {
      redirect: false,
      email: "carol@example.com",
      password: "carol-long-password",
      callbackUrl: "/cart",
    });
    // The account is real: the API's own login accepts it.
    const login = await api("POST", "/api/login", {
      body: { username: "carol@example.com", password: "carol-long-password" },
    });
    expect(login.status).toBe(200);
  });
});
