"""Function words and cue words for the languages segkit detects.

The classifier leans on features that hold across languages (length, punctuation,
position, repetition); these lists add the language's own function words (how
sentence-like a line is) and a few cue words. The page's language is the list whose
function words cover most of its words.
"""

from __future__ import annotations

from typing import Final

STOPWORDS: Final[dict[str, frozenset[str]]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the a an and or but of to in on at for with from by as is are was were be been "
              "it its this that these those he she they we you i his her their our not no has "
              "have had will would can could said says which who what when there than also",
        "de": "der die das und oder aber von zu im in am an auf für mit aus bei als ist sind war "
              "waren sein es ein eine einen einem dem den des nicht auch sich er sie wir ihr "
              "hat haben wird werden nach wie noch nur dass zum zur über um",
        "fr": "le la les un une des et ou mais de du au aux en dans sur pour avec par est sont "
              "était été être il elle ils elles nous vous je ne pas que qui ce cette ces son sa "
              "ses leur plus a ont se qu aussi comme",
        "es": "el la los las un una unos y o pero de del al en con por para es son fue ser está "
              "han ha que se no lo le su sus como más este esta estos entre sobre también muy "
              "hay cuando",
        "pt": "o a os as um uma uns umas e ou mas de do da dos das no na nos nas em com por "
              "para é são foi ser está que se não ao aos seu sua seus como mais este esta isso "
              "também pelo pela",
        "it": "il lo la i gli le un una uno e o ma di del della dei degli delle a al alla in "
              "nel nella con per su è sono era che non si come più anche questo questa suo sua "
              "ha hanno da dal",
        "nl": "de het een en of maar van in op aan voor met uit bij als is zijn was waren dat die "
              "niet ook zich hij zij we ze heeft hebben wordt worden naar om te er dan nog",
        "sv": "och att det som en ett är av för på med till den har inte om de var jag han hon "
              "men vi kan sig ska så från eller när",
        "da": "og at det som en et er af for på med til den har ikke om de var jeg han hun men "
              "vi kan sig skal så fra eller når",
        "no": "og å det som en et er av for på med til den har ikke om de var jeg han hun men "
              "vi kan seg skal så fra eller når",
        "pl": "i w na z do że nie się to jest o od po przez dla jak ale za co jego jej są był "
              "była być tak już oraz ich tylko może",
        "cs": "a v na s z do že ne se to je o od po pro jak ale za co jeho její jsou byl byla "
              "být tak už nebo jen také",
        "ru": "и в на с по что не это как из к у за от для о но же так он она они мы вы его её "
              "их был была были быть а также только уже",
        "tr": "ve bir bu da de için ile olarak daha çok en gibi ama o ne var olan kadar sonra "
              "mi ya her şey",
        "id": "dan yang di ke dari untuk dengan ini itu pada adalah dalam tidak akan juga oleh "
              "atau ada karena sebagai bahwa mereka kami kita saya telah sudah",
        "ro": "și în de la cu pe din care este sunt a al ale o un nu se că mai pentru prin "
              "dar sau fost",
        "hu": "a az és hogy nem is egy van volt meg de csak már ez azt mint ki mi el",
        "fi": "ja on ei että se oli ovat hän tai kun mutta myös kuin niin jo sekä",
    }.items()
}

# Month and weekday names (and their usual abbreviations) that may make up a date line.
DATE_WORDS: Final[frozenset[str]] = frozenset("""
january february march april may june july august september october november december jan
feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday mon tue tues wed thu thur thurs fri sat sun januar februar märz mai juni
juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag janvier
février mars avril juin juillet août septembre octobre novembre décembre lundi mardi
mercredi jeudi vendredi samedi dimanche enero febrero marzo abril mayo junio julio agosto
septiembre setiembre octubre noviembre diciembre lunes martes miércoles jueves viernes
sábado domingo janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
segunda terça quarta quinta sexta feira gennaio febbraio aprile maggio giugno luglio
settembre ottobre dicembre lunedì martedì mercoledì giovedì venerdì sabato domenica
januari februari maart mei augustus oktober styczeń stycznia lutego marca kwietnia maja
czerwca lipca sierpnia września października listopada grudnia января февраля марта апреля
мая июня июля августа сентября октября ноября декабря ocak şubat nisan mayıs haziran
temmuz ağustos eylül ekim kasım aralık
""".split())

# Words that may stand in a date or time line besides the names and numbers.
TIME_WORDS: Final[frozenset[str]] = frozenset("""
a an am pm a.m p.m at on of the de del do da le um am um um , updated update published posted
last modified edited ago hour hours minute minutes min mins second seconds day days week
weeks month months year years yesterday today just now h hrs st nd rd th aktualisiert
veröffentlicht uhr vor stunden stunde minuten tagen gestern heute publié mis à jour le il
y a heures heure hier aujourd'hui publicado actualizado hace horas hora ayer hoy
atualizado atualizada publicada há horas ontem hoje às pubblicato aggiornato ore fa ieri
oggi alle gepubliceerd bijgewerkt uur geleden gisteren vandaag om опубликовано обновлено
назад часа часов минут вчера сегодня в г
""".split())

# Words that make a number a relative time ("2 hours ago").
RELATIVE_WORDS: Final[frozenset[str]] = frozenset("""
ago hour hours hr hrs minute minutes min mins second seconds day days week weeks month months
year years yesterday today now vor stunden stunde minuten tagen gestern heute il y a heures
heure hier aujourd'hui hace horas hora ayer hoy há ontem hoje fa ore ieri oggi geleden uur
gisteren vandaag назад часа часов минут вчера сегодня
""".split())

# Words that start a byline, in the languages above ("By Jane Smith", "Von ...").
BYLINE_STARTS: Final[frozenset[str]] = frozenset("""
by von par por di door av af przez autor author authors written words reporting posted
autora autore auteur redacción redação текст автор oleh
""".split())

# Cue words and phrases. A cue only marks a candidate: the classifier's context stage
# decides. Lists hold English and the major European languages; the classifier's
# structural features carry pages in other languages.

# First word of a short line that is site furniture (menus, widgets, ads).
NAV_FIRST: Final[frozenset[str]] = frozenset("""
advertisement advertising advertisements advert adverts sponsored ad ads anzeige werbung
publicidad publicité pubblicità reklama share tweet email e-mail print comments comment sign log
login logout
register subscribe menu search home skip close cookie cookies accept newsletter newsletters
follow privacy terms contact copyright © tag tags tagged topics filed teilen compartir partager
condividi compartilhar
anmelden abonnieren suche inicio accueil buscar rechercher cerca pesquisar connexion
""".split())

# Phrases anywhere in a line that only site furniture uses.
NAV_PHRASES: Final[tuple[str, ...]] = (
    "all rights reserved", "cookie policy", "privacy policy", "terms of use",
    "terms of service", "terms and conditions", "sign up for", "subscribe to our",
    "download the app", "download our app", "app store", "google play", "follow us",
    "share this", "comments are closed", "enable javascript", "javascript is disabled",
    "log in to", "sign in to", "click to share", "opens in new window", "click to email",
    "click to print", "like this article", "about the author", "newsletter", "subscribe to",
    "alle rechte vorbehalten",
    "tous droits réservés", "todos los derechos reservados", "todos os direitos reservados",
    "tutti i diritti riservati", "datenschutz", "mentions légales", "aviso legal",
    "política de privacidad", "política de privacidade",
)

# Phrases of notices that are furniture at any length (cookie banners, rights lines).
NOTICE_PHRASES: Final[tuple[str, ...]] = (
    "rights reserved", "derechos reservados", "direitos reservados", "diritti riservati",
    "droits réservés", "rechte vorbehalten", "this material may not be", "use cookies",
    "uses cookies", "subject to copyright", "utilizziamo i cookie", "utilizamos cookies",
    "utilisons des cookies",
    "verwendet cookies", "verwenden cookies", "cookie policy", "cookie settings",
    "accept cookies", "consent to the use of cookies", "our use of cookies",
)

# First word of a caption or picture credit, when punctuation follows it ("Image: ...").
CAPTION_FIRST: Final[frozenset[str]] = frozenset("""
image images photo photos photograph picture pictured credit credits illustration foto fotos
bild bilder imagen imágenes immagine immagini caption source fonte fuente quelle photographie
""".split())

# Two-word starts of a caption line ("Image copyright Getty Images").
CAPTION_STARTS: Final[frozenset[str]] = frozenset((
    "image copyright", "image caption", "photo credit", "enlarge image", "image credit",
    "photo by", "photograph by", "picture by", "image by", "image source", "foto von",
    "photo :", "crédit photo", "foto di",
))

# Picture agencies and sources that end a credit line.
AGENCIES: Final[frozenset[str]] = frozenset("""
getty reuters ap afp epa alamy istock istockphoto shutterstock anadolu bloomberg xinhua nasa
esa pa dpa ansa efe corbis unsplash pixabay wireimage ap/shutterstock
""".split())

# Headers of related-article blocks (the whole line, lower-cased, without punctuation).
RELATED_HEADS: Final[frozenset[str]] = frozenset((
    "related", "related articles", "related stories", "related posts", "related news",
    "related content", "related coverage", "related reading", "read more", "read next",
    "read also", "see also", "also read", "you may also like", "you might also like",
    "you may like", "you might like", "recommended", "recommended for you",
    "recommended stories", "recommended articles", "top stories", "latest", "latest news",
    "latest stories", "popular", "popular now", "popular stories", "featured",
    "editor's picks", "editors picks", "explore further", "what to read next", "don't miss",
    "must read", "must watch", "more stories", "more news", "more articles", "more like this",
    "more to explore", "lesen sie auch", "mehr zum thema", "das könnte sie auch interessieren",
    "lire aussi", "à lire aussi", "à lire également", "sur le même sujet", "leia também",
    "veja também", "leggi anche", "ver también", "lee también", "te puede interesar",
    "noticias relacionadas", "notícias relacionadas", "articoli correlati", "читайте также",
    "baca juga", "berita terkait", "más noticias", "mais notícias", "weitere artikel",
    "você pode gostar", "você também pode gostar", "te puede gustar", "también te puede interesar",
    "vous aimerez aussi", "vous pourriez aimer", "das könnte dich interessieren",
    "potrebbe interessarti", "ti potrebbe interessare", "you may also be interested in",
    "more related", "related links", "further reading", "other stories", "more headlines",
    "we recommend", "recommended videos", "more videos", "you may have missed", "around the web",
    "from the web", "sponsored stories", "promoted stories", "more for you", "trending stories",
    "popular articles", "popular posts", "recent posts", "latest posts", "related videos",
))

# Starts of related-block headers that go on with a name ("More from Sport").
RELATED_PREFIXES: Final[tuple[str, ...]] = (
    "more from ", "more on ", "more in ", "related roundup", "related guide", "trending",
    "most popular", "most read", "more articles from", "more by ", "latest posts by",
    "other posts by", "more stories by", "more from this author",
    "most viewed", "most shared", "next up", "more stories from", "latest from ",
)

# Starts of a one-line link to another article ("Read more: <title>").
READ_MORE_STARTS: Final[tuple[str, ...]] = (
    "read more:", "also read:", "read also:", "see also:", "lesen sie auch:", "lire aussi:",
    "leia também:", "leggi anche:", "lee también:", "baca juga:", "читайте также:",
    "read more >", "related:", "previous post", "next post", "previous article", "next article",
    "previous story", "next story", "older post", "newer post",
)

# Ends of a teaser blurb that links to its article ("... Read more").
READ_MORE_ENDS: Final[tuple[str, ...]] = (
    "read more", "continue reading", "read full story", "read the full story", "mehr lesen",
    "weiterlesen", "leia mais", "lire la suite", "leggi tutto", "leer más", "lees meer",
    "читать далее", "baca selengkapnya",
)

# Phrases of a line crediting the writing ("Alex Smith contributed to this report.").
CREDIT_PHRASES: Final[tuple[str, ...]] = (
    "provided by", "contributed to this report", "contributed to this story",
    "contributed to this article",
    "contributed reporting", "reporting by", "editing by", "writing by", "additional reporting",
)

# First word of the header over reader comments ("Comments", "12 Responses").
COMMENT_WORDS: Final[frozenset[str]] = frozenset("""
comments responses replies reactions discussion kommentare commentaires comentários comentarios
commenti комментарии komentar
""".split())

# Whole-line comment headers.
COMMENT_HEADS: Final[tuple[str, ...]] = (
    "leave a reply", "leave a comment", "post a comment", "add a comment", "join the conversation",
    "join the discussion", "what do you think", "have your say", "write a comment",
    "no comments yet", "show comments", "view comments", "load comments",
    "be the first to comment",
)

# Social networks: a short line made of their names is a row of share buttons.
SOCIAL: Final[frozenset[str]] = frozenset("""
facebook twitter x whatsapp pinterest pint linkedin instagram youtube reddit telegram tumblr
email e-mail mail flipboard messenger print copy link share tweet pin sms vk viber line
""".split())

# Class and id tokens of HTML elements (split on non-letters, lower-cased) that name
# what a line is, whatever its words say. Only the nearest elements' tokens count, and
# words that sites also give their article containers ("widget", "sidebar", "author",
# "modal") are left out.
FURNITURE_TOKENS: Final[frozenset[str]] = frozenset("""
newsletter newsletters promo promos promotion subscribe subscription signup share sharing
comment comments advert advertisement advertising ads adsbygoogle sponsor sponsored
outbrain taboola recommended recommendations related popular trending breadcrumb breadcrumbs
tags tagcloud bio popup cookie cookies consent banner footer navbar menu toolbar pager
disclaimer copyright
""".split())
CAPTION_TOKENS: Final[frozenset[str]] = frozenset("""
caption captions figcaption credit credits photocredit imagecredit
""".split())
BYLINE_TOKENS: Final[frozenset[str]] = frozenset("""
byline bylines authors contributor
""".split())
