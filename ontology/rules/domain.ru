# OWL 2 RL prp-dom: the subject of a property is a member of its named domain (a union
# domain says only that the subject is in one of the classes, so nothing follows).
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x a ?class . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?x a ?class } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> { ?property rdfs:domain ?class FILTER(isIRI(?class)) }
  ?x ?property ?y .
  FILTER NOT EXISTS { ?x a ?class }
}
