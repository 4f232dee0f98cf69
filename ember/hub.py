"""``torch.hub``: the hub directory, ``hubconf.py`` entry points, and URL downloads.

Mirrors PyTorch's hub: ``get_dir``/``set_dir`` (``$TORCH_HOME/hub``),
``list``/``help``/``load`` for a GitHub repo (resolved through the cache
directory ``<hub>/<owner>_<repo>_<ref>``; with no network and no cached
copy the same ``RuntimeError`` as PyTorch) or a local directory
(``source="local"``), ``download_url_to_file`` and
``load_state_dict_from_url`` (downloads into ``<hub>/checkpoints`` and
loads with ``torch.load``).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import sys
import uuid
import warnings
from typing import Any, Optional
from urllib.error import HTTPError, URLError
from urllib.parse import urlparse
from urllib.request import Request, urlopen

__all__ = ["download_url_to_file", "get_dir", "help", "list", "load", "load_state_dict_from_url", "set_dir"]

ENV_GITHUB_TOKEN = "GITHUB_TOKEN"
ENV_TORCH_HOME = "TORCH_HOME"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"
DEFAULT_CACHE_DIR = "~/.cache"
VAR_DEPENDENCY = "dependencies"
MODULE_HUBCONF = "hubconf.py"
READ_DATA_CHUNK = 128 * 1024
HASH_REGEX = re.compile(r"-([a-f0-9]*)\.")

_hub_dir: Optional[str] = None


def _get_torch_home() -> str:
    default = os.path.join(os.getenv(ENV_XDG_CACHE_HOME, DEFAULT_CACHE_DIR), "torch")
    return os.path.expanduser(os.getenv(ENV_TORCH_HOME, default))


def get_dir() -> str:
    """The hub cache directory: ``set_dir``'s, else ``$TORCH_HOME/hub`` (``~/.cache/torch/hub``)."""
    if os.getenv("TORCH_HUB"):
        warnings.warn("TORCH_HUB is deprecated, please use env TORCH_HOME instead", stacklevel=2)
    if _hub_dir is not None:
        return _hub_dir
    return os.path.join(_get_torch_home(), "hub")


def set_dir(d) -> None:
    """Use ``d`` (``~`` expanded) as the hub directory."""
    global _hub_dir
    _hub_dir = os.path.expanduser(d)


def _import_module(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_dependencies(module) -> None:
    dependencies = getattr(module, VAR_DEPENDENCY, None)
    if dependencies is not None:
        missing = [pkg for pkg in dependencies if importlib.util.find_spec(pkg) is None]
        if missing:
            raise RuntimeError(f"Missing dependencies: {', '.join(missing)}")


def _load_entry_from_hubconf(module, model):
    if not isinstance(model, str):
        raise ValueError("Invalid input: model should be a string of function name")
    _check_dependencies(module)
    func = getattr(module, model, None) if model in dir(module) else None
    if func is None or not callable(func):
        raise RuntimeError(f"Cannot find callable {model} in hubconf")
    return func


def _parse_repo_info(github: str) -> tuple:
    """``owner/name[:ref]``; without a ref ask GitHub for ``main``, else fall back to the cache."""
    repo_info, ref = github.split(":") if ":" in github else (github, None)
    owner, name = repo_info.split("/")
    if ref is None:
        try:
            with urlopen(f"https://github.com/{owner}/{name}/tree/main/"):
                ref = "main"
        except HTTPError as e:
            if e.code != 404:
                raise
            ref = "master"
        except URLError as e:
            for candidate in ("main", "master"):
                if os.path.exists(f"{get_dir()}/{owner}_{name}_{candidate}"):
                    ref = candidate
                    break
            if ref is None:
                raise RuntimeError("It looks like there is no internet connection and the "
                                   f"repo could not be found in the cache ({get_dir()})") from e
    return owner, name, ref


def _get_cache_or_reload(github: str, force_reload: bool, trust_repo, calling_fn: str, verbose: bool = True,
                         skip_validation: bool = False) -> str:
    """The directory holding ``github``'s code: the cached copy, or a fresh download of it."""
    hub_dir = get_dir()
    os.makedirs(hub_dir, exist_ok=True)
    owner, name, ref = _parse_repo_info(github)
    normalized_ref = ref.replace("/", "_")
    repo_dir = os.path.join(hub_dir, "_".join([owner, name, normalized_ref]))
    if os.path.exists(repo_dir) and not force_reload:
        if verbose:
            sys.stderr.write(f"Using cache found in {repo_dir}\n")
        return repo_dir
    url = f"https://github.com/{owner}/{name}/zipball/{ref}"
    cached_file = os.path.join(hub_dir, normalized_ref + ".zip")
    if os.path.exists(cached_file):
        os.remove(cached_file)
    sys.stdout.write(f'Downloading: "{url}" to {cached_file}\n')
    download_url_to_file(url, cached_file, progress=False)
    import zipfile
    with zipfile.ZipFile(cached_file) as archive:
        extracted = archive.infolist()[0].filename
        extracted_dir = os.path.join(hub_dir, extracted)
        if os.path.exists(extracted_dir):
            shutil.rmtree(extracted_dir)
        archive.extractall(hub_dir)
    os.remove(cached_file)
    if os.path.exists(repo_dir):
        shutil.rmtree(repo_dir)
    shutil.move(extracted_dir, repo_dir)
    return repo_dir


def _hub_module(repo_dir: str):
    sys.path.insert(0, repo_dir)
    try:
        return _import_module(MODULE_HUBCONF, os.path.join(repo_dir, MODULE_HUBCONF))
    finally:
        sys.path.remove(repo_dir)


def list(github: str, force_reload: bool = False, skip_validation: bool = False, trust_repo=None,
         verbose: bool = True):
    """The public callables of the repo's ``hubconf.py``."""
    repo_dir = _get_cache_or_reload(github, force_reload, trust_repo, "list", verbose, skip_validation)
    module = _hub_module(repo_dir)
    return [f for f in dir(module) if callable(getattr(module, f)) and not f.startswith("_")]


def help(github: str, model: str, force_reload: bool = False, skip_validation: bool = False, trust_repo=None):
    """The docstring of entry point ``model``."""
    repo_dir = _get_cache_or_reload(github, force_reload, trust_repo, "help", True, skip_validation)
    return _load_entry_from_hubconf(_hub_module(repo_dir), model).__doc__


def _load_local(hubconf_dir: str, model: str, *args, **kwargs):
    module = _hub_module(hubconf_dir)
    return _load_entry_from_hubconf(module, model)(*args, **kwargs)


def load(repo_or_dir: str, model: str, *args, source: str = "github", trust_repo=None, force_reload: bool = False,
         verbose: bool = True, skip_validation: bool = False, **kwargs):
    """Call entry point ``model`` of a GitHub repo's (or a local directory's) ``hubconf.py``."""
    source = source.lower()
    if source not in ("github", "local"):
        raise ValueError(f'Unknown source: "{source}". Allowed values: "github" | "local".')
    if source == "github":
        repo_or_dir = _get_cache_or_reload(repo_or_dir, force_reload, trust_repo, "load", verbose,
                                           skip_validation)
    return _load_local(repo_or_dir, model, *args, **kwargs)


def download_url_to_file(url: str, dst: str, hash_prefix: Optional[str] = None, progress: bool = True) -> None:
    """Download ``url`` to ``dst`` (through a temporary file), checking a SHA-256 prefix if given."""
    request = Request(url, headers={"User-Agent": "torch.hub"})
    with urlopen(request) as response:
        dst = os.path.expanduser(dst)
        tmp_dst = dst + "." + uuid.uuid4().hex + ".partial"
        sha256 = hashlib.sha256() if hash_prefix is not None else None
        try:
            with open(tmp_dst, "wb") as f:
                while True:
                    chunk = response.read(READ_DATA_CHUNK)
                    if not chunk:
                        break
                    f.write(chunk)
                    if sha256 is not None:
                        sha256.update(chunk)
            if sha256 is not None:
                digest = sha256.hexdigest()
                if digest[:len(hash_prefix)] != hash_prefix:
                    raise RuntimeError(f'invalid hash value (expected "{hash_prefix}", got "{digest}")')
            shutil.move(tmp_dst, dst)
        finally:
            if os.path.exists(tmp_dst):
                os.remove(tmp_dst)


def load_state_dict_from_url(url: str, model_dir: Optional[str] = None, map_location: Any = None,
                             progress: bool = True, check_hash: bool = False, file_name: Optional[str] = None,
                             weights_only: bool = False) -> dict:
    """Download (once, into ``<hub>/checkpoints``) and ``torch.load`` a serialized object."""
    if os.getenv("TORCH_MODEL_ZOO"):
        warnings.warn("TORCH_MODEL_ZOO is deprecated, please use env TORCH_HOME instead", stacklevel=2)
    if model_dir is None:
        model_dir = os.path.join(get_dir(), "checkpoints")
    os.makedirs(model_dir, exist_ok=True)
    filename = file_name if file_name is not None else os.path.basename(urlparse(url).path)
    cached_file = os.path.join(model_dir, filename)
    if not os.path.exists(cached_file):
        sys.stdout.write(f'Downloading: "{url}" to {cached_file}\n')
        hash_prefix = None
        if check_hash:
            match = HASH_REGEX.search(filename)
            hash_prefix = match.group(1) if match else None
        download_url_to_file(url, cached_file, hash_prefix, progress=progress)
    import ember
    return ember.load(cached_file, map_location=map_location, weights_only=weights_only)

